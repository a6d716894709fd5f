"""Page-furniture vocabulary in several languages (en/es/fr/de/pt/it/nl): what a line of widget text says.

Patterns are anchored to the start of a short line (or match the whole line) so that a sentence of
reporting that merely mentions "comments" or "share" is never taken for a widget.
"""
from __future__ import annotations

import re

_I = re.I | re.U
QUOTE_CHARS = re.compile(r"[\"“”«»]")
# a line ends like a sentence (or a clause announcing what follows)
TERMINAL = re.compile(r"[.!?…。！？:;][\"'”’»)\]」』]*\s*$")
_L = re.U  # for vocabularies matched against the lowercased line: a literal alternation runs several times faster than with re.I

# (reason, pattern matched at the start of a lowercased short line)
WIDGETS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("share prompt", re.compile(
        # single generic words ("share", "print", "email") only count when the whole line is widget words
        r"^(?:(?:share|shares|tweet|pin|email|e-mail|print|copy|link|copied|send|whatsapp|facebook|twitter|x|linkedin|telegram|"
        r"reddit|pinterest|messenger|flipboard|this|on|the|via|to|it|article|story|post|page|compartir|comparte|compartilhe|"
        r"compartilhar|partager|partagez|teilen|artikel|condividi|condividere|delen|[|,/·•:+-]|\d+)\s*)+$|"
        r"^(spread the (love|word)|copy (the )?link|link copied|copiar (el )?enlace|copier le lien|share (this|on|via|your)\b|"
        r"click to (share|email|print|tweet)\b)", _L)),
    ("follow prompt", re.compile(
        r"^(.{0,30}\b)?(follow us|follow (?:@|\w+ on)|for (the )?latest (updates|news).{0,40}follow|síguenos|siguenos|suivez[- ]nous|"
        r"folgen sie uns|folge uns|seguici|siga[- ]nos|volg ons|join (us|our) (on|\w+ channel)|"
        r"(add|follow) .{0,20}on google news|subscribe to our (youtube|channel|telegram|whatsapp))\b", _L)),
    ("comment widget", re.compile(
        r"^(\d+\s+)?(leave a (comment|reply)|post a comment|add a comment|write a comment|(view|show|read|see|load) (all )?(\d+ )?comments|"
        r"(top( rated)? |all |reader )?comments?( \(\d+\))?$|\d+ (comments?|replies)$|most commented|join the (conversation|discussion)|be the first to comment|"
        r"your email address will not be published|required fields are marked|"
        r"(deja|dejar|escribe) (un|tu|su) comentario|comentarios?$|commentaires?$|laisser un commentaire|"
        r"kommentare?$|kommentieren|commenti$|lascia un commento|comentários?$|deixe (um|seu) comentário|"
        r"reacties?$|plaats een reactie|cancel reply|post comment|submit comment|you must be logged in to post|"
        r"\d+ (responses?|replies|comments?|thoughts?|reactions?) (to|on)\b|permalink\b.{0,40}comments)", _L)),
    # "jdoe says:", "Catherine (GiveWell) on September 13, 2018 at 5:23 pm said:"
    ("comment author", re.compile(
        r"^[^.!?]{1,60}?\s(says|said|wrote|replied|dice|dijo|escribió|dit|a écrit|sagt|schrieb|disse|scrive|ha scritto|zegt)\s*:$", _L)),
    ("newsletter prompt", re.compile(
        r"^(.{0,40}\b)?(newsletters?|sign up( now)?( for| to)|subscribe( now| today| here)?$|subscribe (to|for)|get (the|our) .{0,30}(in|to) your inbox|"
        r"delivered (straight )?to your inbox|enter your email|your email( address)?$|suscr[ií]b\w*|abonnez[- ]vous|"
        r"abonnieren|jetzt abonnieren|iscriviti|assine|inscreva[- ]se|schrijf je in|unsubscribe)\b", _L)),
    ("related-stories teaser", re.compile(
        r"^(related( (posts?|articles?|stories|news|content|coverage|topics|reading|videos?))?|read (more|also|next)|also read|"
        r"see also|more (from|on|in|stories|news|articles)\b|more [\w' ]{1,30} (stories|articles|news|reads|videos)$|you (may|might) (also )?(like|be interested)|recommended( for you| stories)?|"
        r"trending( now| stories)?|most (read|popular|viewed|shared|watched)|top stories|editor'?s picks|don't miss|"
        r"lee (también|tambien)|leer más|te puede interesar|más noticias|noticias relacionadas|relacionad[oa]s|"
        r"(à )?lire aussi|voir aussi|sur le même sujet|à lire également|mehr zum thema|lesen sie auch|auch interessant|"
        r"weitere artikel|leggi anche|potrebbe interessarti|articoli correlati|leia (também|mais)|veja (também|mais)|saiba mais|"
        r"notícias relacionadas|lees ook|meer nieuws|next up|up next|what to read next|"
        r"você (também )?pode (gostar|curtir)|talvez você goste|puede que te guste|también te puede interesar|"
        r"vous aimerez (aussi|également)|das könnte sie auch interessieren|ti potrebbe (anche )?interessare)", _L)),
    ("advertisement", re.compile(
        r"^(advertisement|advertising|advert$|sponsored( content)?|paid content|ad( choices)?$|ads by|scroll to continue|continue reading below$|"
        r"publicidad|publicité|anzeige|werbung|pubblicità|publicidade|advertentie)\b", _L)),
    ("navigation", re.compile(
        r"^(?:back to top|skip to (main )?content|log ?in|sign ?in|sign ?up|register|menu|search|home|close|open|next slide|"
        r"enlarge|zoom|expand|more|show more|load more|see more|subscribe|watch|listen|play|advertisement)\W*$|"
        r"^((accept|reject|manage) (all )?cookies|cookie (settings|policy|preferences)|privacy (policy|settings)|terms of (use|service)|"
        r"click here|tap here|listen to (this )?(article|story)|\d+\s*min(ute)?s? read|reading time|tags?:|topics?:|filed under|"
        r"categor(y|ies):|photo gallery|view (full |the )?gallery|back to (the )?gallery|close gallery|image \d+ of\b|caption$|"
        r"featured video$|(this )?slideshow requires javascript)", _L)),
)

# A widget phrase anchored at the start is only trusted on a short line
MAX_WIDGET_WORDS = 14

# Lines that are a form note or legal footer whatever their length (matched against the lowercased line: faster than re.I)
FOOTER = re.compile(
    r"(©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|todos los derechos reservados|tous droits réservés|"
    r"alle rechte vorbehalten|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden)")

CREDIT = re.compile(
    r"^[(\[]?\s*(source|sources|fuente|fuentes|fonte|fontes|quelle|quellen|bron|via|credit|credits|crédito|crédits|"
    r"photo|photos|foto|fotos|image|images|picture|bild|illustration)\s*(?:credit)?\s*:\s*(?P<who>[^()\[\]]{1,80}?)\s*[)\]]?\s*$", _I)
INPUTS_CREDIT = re.compile(
    r"^[(\[]\s*(?:with )?(?:inputs?|agency inputs?|con información|avec|mit material|con informazioni|com informações) (?:from |de |von |di )?(?P<who>[^()\[\]]{1,60})[)\]]\s*\.?$", _I)
STAFF_CREDIT = re.compile(r"^[(\[]\s*(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b[^()]{1,200}[)\]]\s*\.?$", _I)

# a byline's name: capitalized words, with the particles and joiners names carry ("Ana de la Cruz", "A & B")
BYLINE_WHO = r"(?P<who>[A-ZÀ-Ý][\w.'’-]+(?:\s+(?:[A-ZÀ-Ý][\w.'’-]+|de|da|van|von|der|la|le|y|and|&|,)){0,7}?)"
BYLINE = re.compile(
    r"^(?i:by|por|par|von|di|de|door|written by|reported by)\s+" + BYLINE_WHO +
    r"\s*(?:[|,·•–—-]\s*[^.!?]{0,70})?$")
# "PREV <headline>", "Next article: <headline>", "« Précédent"; the keyword alone is also a teaser
TEASER = re.compile(
    r"^(?:[«‹<←]\s*)?(?:(?P<caps>PREV|PREVIOUS|NEXT|ANTERIOR|SIGUIENTE|PRÉCÉDENT|SUIVANT|ZURÜCK|WEITER|PRECEDENTE|SUCCESSIVO|PRÓXIMO|OLDER|NEWER)\b"
    r"|(?:previous|next|older|newer|anterior|siguiente|précédent|suivant|vorheriger|nächster|precedente|successivo|próximo)"
    r"(?:\s+(?:post|article|story|entry|artículo|noticia|artikel|articolo|notícia|matéria))?\s*(?::|»|›|>|→|\||-|–|$))", re.U)

# "− 5 = 3", "7 + _ = 12", "What is 3 + 4?"
CAPTCHA = re.compile(
    r"^(?:what is\s+)?[\d_?\s]*[+\-−–×x*÷/]\s*[\d_?]+\s*=\s*[\d_?]*\s*\??$|^(?:i'?m not a robot|captcha)\b|"
    r"^(?:please )?(?:solve|prove|verify|confirm)\b.{0,60}(?:human|robot|spam).{0,20}?\d+\s*[+\-−–×x*÷]\s*\d+\s*=\s*[\d_?]*\s*\??$", _I)

# __temp__, {{ var }}, {% tag %}, ${var}, %(name)s, [[slot]], [caption id=...]. Every slot's length is bounded and
# no quantifier nests: "[a b=" repeated in a long line without a "]" took exponential time when the shortcode's
# attributes were a repeated group, and an unclosed "{{" scanned to the line's end from every one of them
PLACEHOLDER = re.compile(
    r"__\w{1,80}__|\{\{[^}]{0,200}\}\}|\{%[^%]{0,200}%\}|\$\{\w+\}|%\(\w+\)s|\[\[\w+\]\]"
    r"|\[/?[a-z_]+\s+[\w-]+=[^\]]{0,500}\]|\[/[a-z_]+\]")

MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janvier|février|mars|avril|mai|juin|"
    r"juillet|août|septembre|octobre|novembre|décembre|januar|februar|märz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|"
    r"giugno|luglio|settembre|ottobre|dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|dezembro"
)
MONTH_WORD = re.compile(rf"(?:{MONTHS})", _I)
# "By Jane Roe on Monday, November 18th, 2019 at 11:04 a.m.", "By Staff | November 18, 2019 at 2:26 PM": a name then a date
BYLINE_DATED = re.compile(
    r"^(?i:by|por|par|von|door|written by|reported by)\s+" + BYLINE_WHO +
    rf"\s*(?:[|,·•–—-]\s*)?(?:(?i:on|am|le|el|em|il|at)\s+)?(?P<tail>(?:\d|(?i:(?:{MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|updated|published|posted)\b)).{{0,100}})$")
# words a byline's date may hold besides numbers, months and capitalized words
BYLINE_DATE_WORDS = frozenset("""at am pm a m p on updated published posted modified ago hours hour minutes minute days day
monday tuesday wednesday thursday friday saturday sunday de à um el le st nd rd th""".split())
# ... and what else a line that only stamps a date may say
DATE_ONLY_WORDS = BYLINE_DATE_WORDS | frozenset("""last updated est edt cst cdt pst pdt gmt utc bst cet cest ist hst et pt
mon tue tues wed thu thur thurs fri sat sun""".split())


def date_only(key: str) -> bool:
    """The line says only when ('Published 2:16 AM EST Nov 20, 2019'): numbers, months, days, stamp words."""
    return all(t.isdigit() or t in DATE_ONLY_WORDS or MONTH_WORD.fullmatch(t) for t in key.split())


MONTH_START = rf"^(?:{MONTHS})\.?\s+\d{{1,2}}\b"
# a line that is only a date/time stamp, optionally labelled ("Published: 20 June 2024, 10:32 GMT"); matched lowercased
DATESTAMP = re.compile(
    r"^(?:(?:published|updated|posted|last updated|modified|publicado|actualizado|publié|mis à jour|veröffentlicht|aktualisiert|"
    r"pubblicato|aggiornato|atualizado|on|am|le|el|il|em)\s*:?\s*)*"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s*(?:de\s+)?(?:{MONTHS})\.?,?(?:\s*(?:de\s+)?\d{{4}})?|(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s*\d{{4}})?|"
    r"\d{4}-\d{2}-\d{2}(?:t[\d:.]+z?)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d+\s+(?:minutes?|hours?|days?|mins?|hrs?)\s+ago)"
    r"(?:\s*(?:,|at|um|à|a las|alle|às|-|\|)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:gmt|utc|ist|est|edt|cet|cest|bst|pt|et|ict)(?:[+-]\d+)?)?)?\s*$",
    _L,
)


WRAPPING = "[](){}<>«»‹›|•·*-–—:;,. \t"


# "34 responses to “Headline of any length”" opens a comment section however long the headline
COMMENTS_HEADER = re.compile(
    r"^\d+\s+(responses?|replies|comments?|thoughts?|reactions?|comentarios?|commentaires?|kommentare?|commenti|comentários?)\s+(to|on|en|sur|zu|su|em|a)\b", _I)
# "Jane Roe/Hindustan Times/Getty Images", "Photo: AFP" style picture credits (matched against the lowercased line)
PHOTO_CREDIT = re.compile(
    r"(getty images|shutterstock|istock(photo)?|ap photo|afp photo|reuters/|/reuters|epa-efe|/afp|/ap\b|pool photo|file photo|"
    r"photo courtesy|courtesy of|via getty|imago|alamy|dpa)")

# A caption ends with its picture's credit: "... in Hanoi. (AP Photo/Jane Roe)", "(Jane Roe/Reuters)", "... (Image: Getty)",
# "...Credit: EPA", "Jane ROE / AFP"; a gallery's collapsed caption may still carry its "less" toggle
_AGENCIES = r"AP|AFP|EPA|Reuters|Getty Images|Bloomberg|Shutterstock|dpa|ANP|Xinhua|PA|Anadolu|EFE|ANSA"
CAPTION_CREDIT = re.compile(
    r"(?:\((?i:(?:image|photo|picture|photograph|foto|bild)s?(?:\s*credit)?\s*(?::|by)|(?:source|credit|courtesy)\s*:)[^()]{1,80}\)"
    rf"|\((?:[^()]{{1,60}}(?:/|\bvia\s))?\s*(?:{_AGENCIES})(?:\s+Photo\b[^()]{{0,80}})?\)"
    rf"|[a-z.]\s*[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){{0,3}}\s*/\s*(?:{_AGENCIES})(?:\s+(?i:file|photo))?"
    r"|(?:[.!?)\]”\"’]\s*|[a-z])(?:Credit|Photograph|Photo|Image|Foto|Bild)\s*:\s*[A-Z0-9][^.!?:]{1,60})\s*(?:(?<=[.!?)])\s+less)?\s*$")
# "... in Hanoi on Wednesday. less", "... covering the business of... Read more": a collapsed text's toggle left on its line
TOGGLE_END = re.compile(r"(?:[.!?)\"”]|\.\.\.|…)\s+(?i:less|show less|read less|see less|read more|show more|more)\s*$")
# "Headline of another story [VIDEO]": a link to another story tagged with its kind
TAGGED_TEASER = re.compile(r"(?<=\S)\s\[[A-Z]{3,}\]\W*$")
# "Do you rely on our reporting? Click here to support it.": a link's call, never reporting (matched lowercased)
CLICK_HERE = re.compile(r"\b(?:click(?:ing)? here|tap here|haga clic aquí|cliquez ici|klicken sie hier|clicca qui|clique aqui|klik hier)\b")
CLICK_WORDS = 25

# a credit line that names a picture's maker ("Photo: Jane Roe", "(Image credit: NASA)"), not a source of the text
PICTURE_CREDIT = re.compile(r"^[(\[]?\s*(?:photo|photos|foto|fotos|image|images|picture|bild|illustration|credit|photograph)\b", _I)

# "Telephone: +1 555 0100", "Fax: ...", "E-mail: desk@example.com": a contact block, not reporting
CONTACT = re.compile(r"\b(?:tel|telephone|phone|fax|e-?mail|téléphone|teléfono|telefon|telefone)\s*\.?\s*:\s*[\w+*(]", _I)

# "Associated Press writers Jane Roe and John Doe contributed to this report."
CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing) (?:reporting |writing )?(?:to|for) (?:this|the) (?:report|story|article)\W*$"
    r"|^(?:con (?:información|reporte) de|avec (?:la contribution de|l'aide de)|mit material von)\b", _I)
CONTRIBUTED_STARTS = frozenset({"con", "ave", "mit"})  # with "ntribut", a cheap test before the pattern

# What an article's last lines say when they are about its author or ask the reader for something: a bio
# ("Jane Roe is a staff writer at ..."), contact lines, follow/subscribe/join calls written to the reader
AUTHOR_BIO = re.compile(
    r"^[A-ZÀ-Ý][\w'’.-]+(?:\s+[A-ZÀ-Ý][\w'’.-]+){0,3}(?:\s*\([^)]{1,40}\))?,?\s+(?:is|was|es|est|ist|é|è)\s+(?:an?|the|un|una|une|ein|eine|um|uma|il|la|el|le|der|die|o)\s"
    r"[^.!?]{0,80}?(?i:writer|reporter|editor|correspondent|contributor|journalist|columnist|author|producer|intern|fellow|critic|blogger|"
    r"educator|founder|periodista|redactor|reportero|corresponsal|journaliste|rédacteur|correspondant|redakteur|korrespondent|autor|"
    r"giornalista|redattore|corrispondente|jornalista|repórter|redator|correspondente|verslaggever|redacteur)")
READER_CALL = re.compile(
    r"\b(?:follow (?:him|her|them|me|us)\b|(?:email|e-mail|contact|reach|write to) (?:the (?:writer|author|reporter|newsroom)|him|her|me|us)\b|"
    r"(?:may|can) be reached at|have a (?:news )?tip\b|send (?:us )?(?:your |a )?(?:news )?tips?\b|click(?:ing)? here|"
    r"(?:sign up|subscribe|join|register|download|support)\b.{0,80}\b(?:you|your|our|us)\b|\b(?:you|your|our)\b.{0,80}\b(?:sign up|subscribe|newsletter|inbox)\b|"
    r"síguenos|suscr[ií]bete|inscr[ií]bete|suivez-nous|abonnez-vous|inscrivez-vous|folgen sie|abonnieren sie|melden sie sich|"
    r"seguici|iscriviti|siga-nos|assine|inscreva-se|receba em seu e-?mail|volg ons|schrijf je in)", _I)
# What a short line says when the site speaks of itself or credits its staff ("This website is using cookies.", "Video
# Player is loading.", "Thanks for reading!", "Jane Roe contributed reporting."): a sentence in shape, never the
# article's last sentence of reporting (matched lowercased; "declined to comment" is reporting and does not match)
SITE_NOTE = re.compile(
    r"^thank(?:s| you) for\b|\b(?:(?:uses?|using) cookies|cookie (?:policy|settings|preferences)|javascript|your browser|is loading|"
    r"log ?in|logged in to|sign(?:ing)? ?up|sign(?:ing)? ?in to|subscri\w*|newsletters?|inbox|your account|"
    r"comments (?:are )?closed|(?:post|leave|add|view|load|show) (?:a |all )?comments?|try again|went wrong|an error|"
    r"terms and conditions|not available in your|views expressed|scroll (?:down|up)|(?:watch|listen to) the|send us|miss out|"
    r"(?:reporting|editing|writing|translation|translated|edited|compiled|produced|research|graphics|photos?) by|"
    r"contributed (?:reporting|research|writing|to (?:this|the) (?:report|story|article)))\b", _L)
# A short line under the article that speaks for its writer ("Such a sad day for our town.", "The council should resign
# now."): first person or what ought to be, outside any quotation (matched lowercased). Reporting's last lines say
# "we"/"should" too ("Crews should finish by Friday, officials said."), so only a line stating no fact is a reader's
# (REPORTED_FACT and names: see region._reader_comment).
OPINION = re.compile(
    r"\b(?:i|i'm|i’m|i've|i’ve|i'd|i’d|me|my|mine|myself|we|we're|we’re|we've|we’ve|us|our|ours|let's|let’s|"
    r"should|shouldn't|shouldn’t|must|mustn't|mustn’t|ought)\b|^(?:such|what) an? ", _L)
# ... and what a line of reporting holds: a figure, or who said it (matched lowercased)
REPORTED_FACT = re.compile(
    r"\d|\b(?:said|says|told|according to|reported|reports|announced|confirmed|added|stated|wrote|estimated|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|dozens?|hundreds?|thousands?|millions?|billions?)\b", _L)
# quoted speech: a reader's "I" or "we" inside it is someone's words the article reports ("'We will rebuild,' she said.")
QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|«[^«»]*»|„[^„“”]*[“”]")

# "About the author", "Sobre Carlos Nadalim", "Über Jane Roe": the header of a section about the writer (a person's
# name is two to four capitalized words); "About Acme" is a company's boilerplate, part of a press release
ABOUT_AUTHOR = re.compile(
    r"^(?i:about|sobre|über|à propos d[e']|a propos d[e']|acerca de|chi è|over)\s*"
    r"(?:(?i:the author|the writer|l'auteur|l’auteur|o autor|a autora|el autor|la autora|der autor|die autorin|l'autore|de auteur)"
    r"|(?P<name>[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:[A-ZÀ-Ý][a-zà-ÿ'’-]+|de|da|van|von|der|del|di|le|la)){1,3}))\s*$")


def widget_reason(line: str, n_words: int) -> str | None:
    """The kind of page widget a line is, or None when it reads as article text."""
    line = line.strip(WRAPPING)  # "[ 167 comments ]", "» Related"
    if COMMENTS_HEADER.search(line):
        return "comment widget"
    if n_words > MAX_WIDGET_WORDS:
        return None
    low = line.lower()
    if n_words <= 10 and PHOTO_CREDIT.search(low) and not line.endswith((".", "!", "?")):
        return "credit line"
    for reason, pattern in WIDGETS:
        if pattern.search(low):
            return reason
    return None
