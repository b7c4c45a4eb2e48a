"""Read functions for a unit's activities and photos on public pages."""


def activities_context(unit):
    """Template context for the public unit page; a fixed number of queries."""
    return {}
