"""`python -m citekit`."""

from citekit.cli import main

main()
