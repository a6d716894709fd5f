"""One module per CLI subcommand; each has add_parser(subparsers, parents) and run(args, settings) -> int."""

COMMANDS = ("brief", "extract", "stories", "check", "batch", "serve", "sources", "token")
