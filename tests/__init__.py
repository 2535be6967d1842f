"""Test suite (a package, so test folders named like libraries never shadow them)."""
