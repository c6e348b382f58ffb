"""Sources and their findings: positive steps (+) and concerns (-)."""
