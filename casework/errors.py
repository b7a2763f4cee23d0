from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form posted after its token expired (session timeout, sign-out in another tab)."""
    return render(request, "403_csrf.html", status=403)
