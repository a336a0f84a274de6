"""htmx requests answered with a redirect load the redirect's address as the whole page.

htmx asks with XMLHttpRequest, which follows a redirect by itself: when the session has
ended while a box refreshes itself (the decision page's documents while they are being
prepared), the sign-in page would come back as the box's answer, `hx-select` would find
nothing in it, and the box would vanish from the page. So a redirect answering an htmx
request (header `HX-Request: true`) becomes an empty 200 with `HX-Redirect`: htmx then
loads that address as the page (the sign-in page, which brings the person back after).
"""

from __future__ import annotations

from django.http import HttpResponse

REDIRECTS = {301, 302, 303, 307, 308}


class HtmxRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code in REDIRECTS
            and response.has_header("Location")
        ):
            answer = HttpResponse(status=200)
            answer["HX-Redirect"] = response["Location"]
            answer["Cache-Control"] = "no-store"  # never kept as the address's answer
            answer["Vary"] = "HX-Request"
            answer.cookies = response.cookies
            return answer
        return response
