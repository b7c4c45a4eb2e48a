"""The page-cache tags of competition pages, and the saves that bump them."""

import pagecache
from villages.cache_tags import unit_of, unit_through

COMPETITIONS = "competitions"


def register():
    pagecache.register("competitions.Entry", COMPETITIONS, unit_of)
    pagecache.register("competitions.EntryStage", COMPETITIONS, unit_through("entry"))
    pagecache.register("competitions.EntryDocument", COMPETITIONS, unit_through("entry"))
