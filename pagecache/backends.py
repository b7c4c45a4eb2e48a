from django.core.cache.backends import redis as django_redis


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, with one redis-py client per connection pool.

    Django builds a new client for every call, which costs about as much as the round
    trip itself; a page-cache hit makes one call. The client is thread-safe: each
    command takes a connection from the pool.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedRedisClient


class _ReusedRedisClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client
