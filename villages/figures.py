"""A unit's figures (monthly/yearly data), charts and classification for public pages."""


def figures_context(unit):
    """Template context for the public unit page; a fixed number of queries."""
    return {}
