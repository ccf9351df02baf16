"""`python -m errcodes_cli` runs the errcode command."""

from .launch import main

main()
