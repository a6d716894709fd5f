"""sources: what `newsfuse serve` follows: schedules, polite fetching, robots.txt, feed/sitemap/OPML parsing."""
