"""`python -m errcodes_cli` runs the errcode command."""

from .cli import main

main()
