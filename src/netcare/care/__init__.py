"""The service plan document and holiday care (客户服务计划, 专属服务关怀)."""
