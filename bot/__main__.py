"""``python -m bot``: the same as the ``faqbot`` command."""

import sys

from .cli import main

sys.exit(main())
