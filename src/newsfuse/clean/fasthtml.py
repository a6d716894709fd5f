"""Fast article extraction on the lexbor DOM: the element that holds the article's paragraphs, pruned of furniture.

The extraction itself costs ~1/15 of trafilatura's. Signals, not site lists: where the paragraph text
concentrates in the tree, generic CMS class words (article-body, entry-content, related, share, caption...), link
density, teaser cards. Thresholds chosen on the AEB benchmark (bench/extraction_html.py) as a whole, never per page.
"""
from __future__ import annotations

import re

from resiliparse.extract.html2text import extract_plain_text
from selectolax.lexbor import LexborHTMLParser, LexborNode

# never text of the article; removed before anything is measured
DROP_TAGS = ["script", "style", "noscript", "template", "svg", "iframe", "button", "select", "input", "textarea",
             "object", "embed", "canvas", "video", "audio", "picture", "map", "dialog"]
# furniture by tag, and by generic class/id words of CMS templates (substring match, as sites compose them)
PRUNE_TAGS = ["figure", "figcaption", "aside", "nav", "footer", "form", "header"]
PRUNE_WORDS = ("caption gallery slideshow related share social newsletter comment promo advert sidebar subscribe "
               "recommend byline author-bio breadcrumb tags popular trending cookie consent banner author widget "
               "timestamp outbrain taboola modal overlay paywall teaser readmore read-more").split()
PRUNE_CSS = ", ".join(PRUNE_TAGS + [f"[class*={w}]" for w in PRUNE_WORDS] + [f"[id*={w}]" for w in PRUNE_WORDS])
# the words CMS templates give the element that holds an article's body
BODY_WORDS = ("articlebody article-body article_body article__body article-content article__content articlecontent "
              "entry-content post-content postcontent post-body post__content story-body storybody story-content "
              "content-body body-text article-text articletext rich-text").split()
BODY_NAMES = re.compile("|".join(re.escape(w) for w in BODY_WORDS), re.I)
# paragraphs inside these (close ancestors only: whole pages sit in wrappers with any name) are not the article's
JUNK = re.compile(r"(?:^|[\s_-])(?:comments?|commentlist|sidebar|footer|related|newsletter|subscribe|promo|recommended|"
                  r"breadcrumbs?|popular|trending|disqus|respond|replies|consent|cookies?|gdpr|popup|copyright|disclaimer)"
                  r"(?:$|[\s_-])", re.I)
JUNK_TAGS = {"aside", "nav", "footer", "form"}
JUNK_DEPTH = 2  # ancestors above a paragraph's parent checked for JUNK
MAX_CHAIN = 48  # ancestors of a paragraph that may be its container (bounds the work on absurdly deep markup)
MAX_CANDIDATES = 64  # containers scored at most, richest in paragraph text first (same reason)
BLOCK_CSS = "p, div, td, section, article, center"  # block elements: text directly in a span or font is a label
MIN_BLOCK = 30  # characters: shorter blocks are labels, not paragraphs
MIN_DIRECT = 30  # a div counts as a paragraph when this much text sits directly in it
LINKED_BLOCK = 0.5  # a block whose text is mostly link text is navigation
OTHER_COST = 0.1  # how much a character of non-paragraph text costs a candidate container
BODY_SHARE = 0.2  # a container the template names as the body must hold this share of the page's paragraph text
KEEP_SHARE = 0.2  # a furniture-named element holding this share of the container's paragraph text is a wrapper: kept
LINK_LISTS = "ul, ol, section, table, div, p, li, h1, h2, h3, h4, h5, h6"  # blocks, not inline links inside a paragraph
LINK_SHARE = 0.4  # ...of these, one whose text is mostly links (two or more) is navigation or teasers
PROSE_LINK_SHARE = 0.6  # ...a paragraph of prose may link more of itself (roundups, deals) and stays
SHORT_LINKED = 200  # characters: a short block that is one link (a teaser headline, 'Read more: ...')...
SHORT_LINK_SHARE = 0.7  # ...has this share of its text in links
LINK_KEEP = 0.8  # ...unless it holds this share of the container's paragraph text
GROUP_LINKS = 0.15  # a lone paragraph whose element (or the one around it) has this share of link text is a teaser card
CARD_MAX = 400  # ...when the paragraph is shorter than this (characters)
OPTS = dict(main_content=False, alt_texts=False, links=False, list_bullets=False, noscript=False, form_fields=False,
            comments=False, post_meta=False)


def parse(html: str) -> LexborHTMLParser:
    """The page's DOM as lexbor parses it (any markup parses)."""
    return LexborHTMLParser(html)


def _junky(node: LexborNode) -> bool:
    """True for a comment, sidebar, footer, related or consent widget by its tag or class/id words."""
    if node.tag in JUNK_TAGS:
        return True
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(JUNK.search(names)) if names.strip() else False


def _paragraph_weights(body: LexborNode) -> tuple[dict[int, int], dict[int, LexborNode]]:
    """Paragraph characters under every element (by mem_id), counting paragraphs outside junk widgets only."""
    groups: dict[int, int] = {}
    counts: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for block in body.css(BLOCK_CSS):
        if block.tag != "p" and len(block.text(deep=False, strip=True)) < MIN_DIRECT:
            continue
        n = len(block.text(strip=True))
        if n < MIN_BLOCK:
            continue
        if sum(len(a.text(strip=True)) for a in block.css("a")) > LINKED_BLOCK * n:
            continue
        parent = block.parent
        if parent is None:
            continue
        groups[parent.mem_id] = groups.get(parent.mem_id, 0) + n
        counts[parent.mem_id] = counts.get(parent.mem_id, 0) + 1
        nodes[parent.mem_id] = parent
    weights: dict[int, int] = {}
    chains: dict[int, list[LexborNode]] = {}
    for mid, n in groups.items():
        chain = []
        node = nodes[mid]
        while node is not None and node.is_element_node and len(chain) < MAX_CHAIN:
            if len(chain) <= JUNK_DEPTH and _junky(node):
                chain = []
                break
            chain.append(node)
            node = node.parent
        chains[mid] = chain
        for node in chain:
            weights[node.mem_id] = weights.get(node.mem_id, 0) + n
            nodes[node.mem_id] = node
    density: dict[int, float] = {}
    for mid, chain in chains.items():
        n = groups[mid]
        # a blurb beside its headline link (a teaser card) is not article text; only an element holding no other
        # paragraph text can be a card, which also keeps the test cheap
        if counts[mid] == 1 and n < CARD_MAX and len(chain) > 1 and weights[mid] == n and _card(chain, weights, n, density):
            for node in chain:
                weights[node.mem_id] -= n
    return {mid: w for mid, w in weights.items() if w > 0}, nodes


def _link_density(node: LexborNode, cache: dict[int, float]) -> float:
    """Share of the element's text that is link text (0 for an empty element), cached by element."""
    if node.mem_id not in cache:
        text = len(node.text(strip=True))
        cache[node.mem_id] = sum(len(a.text(strip=True)) for a in node.css("a")) / text if text else 0.0
    return cache[node.mem_id]


def _card(chain: list[LexborNode], weights: dict[int, int], n: int, cache: dict[int, float]) -> bool:
    """True when a lone paragraph's parent, or the element around it, is mostly a headline link (a teaser card)."""
    parent, outer = chain[0], chain[1]
    if _link_density(parent, cache) > GROUP_LINKS:
        return True
    return weights[outer.mem_id] == n and _link_density(parent, cache) == 0 and _link_density(outer, cache) > GROUP_LINKS


def _named_body(node: LexborNode) -> bool:
    """True when the template names the element as the article body (itemprop=articleBody, class/id words)."""
    attrs = node.attributes
    if attrs.get("itemprop") == "articleBody":
        return True
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(BODY_NAMES.search(names)) if names.strip() else False


def _score(node: LexborNode, good: int) -> float:
    """A candidate container's worth: its paragraph characters less a little for every other character."""
    return good - OTHER_COST * (len(node.text(strip=True)) - good)


def _container(body: LexborNode, weights: dict[int, int], nodes: dict[int, LexborNode]) -> LexborNode | None:
    """The element the template names as the body, else the one richest in paragraph text for its size."""
    if not weights:
        return None
    best_good = max(weights.values())
    named = [nodes[mid] for mid, good in weights.items() if good >= BODY_SHARE * best_good and _named_body(nodes[mid])]
    if named:
        return max(named[:MAX_CANDIDATES], key=lambda n: _score(n, weights[n.mem_id]))
    top, top_score = None, float("-inf")
    for mid in sorted(weights, key=weights.__getitem__, reverse=True)[:MAX_CANDIDATES]:
        if weights[mid] <= top_score:
            break  # a score never exceeds the paragraph text: no smaller candidate can win
        score = _score(nodes[mid], weights[mid])
        if score > top_score:
            top, top_score = nodes[mid], score
    return top


def _prune(root: LexborNode, weights: dict[int, int], keep: float, css: str, test=None) -> None:
    """Detach furniture under root, except elements holding `keep` paragraph characters or more (page wrappers)."""
    for node in root.css(css):
        if weights.get(node.mem_id, 0) >= keep:
            continue
        if test is None or test(node):
            node.remove()  # detach, not decompose: later matches may sit inside and must stay valid


def _mostly_links(node: LexborNode) -> bool:
    """True for a block that is navigation or a teaser: mostly the text of two or more links, or short and one link."""
    n = len(node.text(strip=True))
    links = [len(a.text(strip=True)) for a in node.css("a")]
    if not n or not links:
        return False
    share = PROSE_LINK_SHARE if node.tag == "p" else LINK_SHARE
    return (len(links) >= 2 and sum(links) > share * n) or (n < SHORT_LINKED and sum(links) > SHORT_LINK_SHARE * n)


def article_text(tree: LexborHTMLParser) -> tuple[str, bool]:
    """The article's text, one block a line, and whether a container was found (False: the whole page's text).

    Changes the tree: scripts, furniture and link lists are removed from it.
    """
    tree.strip_tags(DROP_TAGS)
    body = tree.body
    if body is None:
        return "", False
    weights, nodes = _paragraph_weights(body)
    top = _container(body, weights, nodes)
    if top is None:
        return extract_plain_text(body.html or "", **OPTS), False
    _prune(top, weights, KEEP_SHARE * weights[top.mem_id], PRUNE_CSS)
    _prune(top, weights, LINK_KEEP * weights[top.mem_id], LINK_LISTS, _mostly_links)
    # the whole page is the container: resiliparse's own main-content rules drop what pruning left of the template
    options = {**OPTS, "main_content": True} if top.tag in ("body", "html") else OPTS
    return extract_plain_text(top.html or "", **options), True
