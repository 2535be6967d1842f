"""``python -m bot``: the same as the ``faqbot`` command."""

import sys

from bot.cli import main

sys.exit(main())
