"""Knowledge operations, one module per noun: ``library`` (documents, ``documents_for``),
``imports`` (bulk upload), ``profiles`` (declared scenarios), ``packages`` (propose,
review, push)."""
