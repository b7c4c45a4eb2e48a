"""Read functions for the public profile sections, board and completeness."""


def profile_context(unit):
    """Template context for the public unit page; a fixed number of queries."""
    return {}
