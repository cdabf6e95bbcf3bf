"""Document library and exclusive document packages (高端客户专属资料分享)."""
