"""What tests and ``bench/`` share: a KB builder and a recording chat harness over the real service.

Nothing here talks to a network. Modelled on errbot's ``testbot`` and Rasa's ``CollectingOutputChannel``:
a test reads like ``assert "Article 5" in chat.ask("what is art 5?")``.
"""
