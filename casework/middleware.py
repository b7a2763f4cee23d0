from django.utils.cache import add_never_cache_headers


class NoStoreForAuthenticatedMiddleware:
    """Pages for signed-in staff are never stored by browsers or proxies: caseworkers
    may use shared or hostel computers (ASVS 8.2.1)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
