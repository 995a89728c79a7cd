"""`python -m mapping` runs the command line."""

import sys

from mapping.cli import main

sys.exit(main())
