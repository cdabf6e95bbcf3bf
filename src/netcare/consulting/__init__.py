"""Technical proposal assessment and technology workshops (技术方案协助评估, 前沿技术方案研讨)."""
