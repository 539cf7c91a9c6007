"""`python -m kazi.cli`: the same commands as `kazi`."""

import sys

from kazi.cli import main

sys.exit(main())
