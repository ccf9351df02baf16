"""Which options and words each command takes, for the front door (route.py). Generated from the Typer app; do not edit:

    python -m errcodes_cli.cli > src/errcodes_cli/option_table.py

tests/test_route.py fails while it is out of date."""

# command -> option -> (parameter name, takes a value, choices, minimum)
COMMANDS: dict[str, dict[str, tuple[str, bool, tuple[str, ...], int | None]]] = {
    'show': {
        '--product': ('product', True, (), None),
        '-p': ('product', True, (), None),
        '--json': ('json_', False, (), None),
        '--color': ('color', True, ('auto', 'always', 'never'), None),
        '--no-color': ('no_color', False, (), None),
        '--no-pager': ('no_pager', False, (), None),
    },
    'search': {
        '--limit': ('limit', True, (), 1),
        '-n': ('limit', True, (), 1),
        '--category': ('category', True, ('server', 'rate-limit', 'auth', 'timing', 'request', 'filter', 'order', 'position', 'margin', 'leverage', 'account'), None),
        '--product': ('product', True, (), None),
        '-p': ('product', True, (), None),
        '--json': ('json_', False, (), None),
        '--color': ('color', True, ('auto', 'always', 'never'), None),
        '--no-color': ('no_color', False, (), None),
        '--no-pager': ('no_pager', False, (), None),
    },
    'list': {
        '--category': ('category', True, ('server', 'rate-limit', 'auth', 'timing', 'request', 'filter', 'order', 'position', 'margin', 'leverage', 'account'), None),
        '--product': ('product', True, (), None),
        '-p': ('product', True, (), None),
        '--json': ('json_', False, (), None),
        '--color': ('color', True, ('auto', 'always', 'never'), None),
        '--no-color': ('no_color', False, (), None),
        '--no-pager': ('no_pager', False, (), None),
    },
    'diagnose': {
        '--summary': ('summary', False, (), None),
        '--product': ('product', True, (), None),
        '-p': ('product', True, (), None),
        '--json': ('json_', False, (), None),
        '--color': ('color', True, ('auto', 'always', 'never'), None),
        '--no-color': ('no_color', False, (), None),
    },
    'help': {
    },
    'completion': {
    },
}
# command -> what its words are: required, optional or none
WORDS: dict[str, str] = {
    'show': 'required',
    'search': 'required',
    'list': 'none',
    'diagnose': 'optional',
    'help': 'optional',
    'completion': 'required',
}
