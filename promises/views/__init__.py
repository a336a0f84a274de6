"""Views of the promise editor, one module a part. Thin: parse input, check permission (the
phases mixins), call one service, render. Every write is a small form of its own that works
without JavaScript; a failed form is shown again with what was typed (400), a concurrent
change shows both texts to choose from (409).
"""
