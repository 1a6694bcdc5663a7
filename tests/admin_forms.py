"""An admin page's form as a browser would submit it, for tests that post what the page showed."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.fields = []  # [(name, value)]
        self.select = None  # (name, multiple, [selected values])
        self.textarea = None  # (name, [text])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs, [])
        elif tag == "option" and self.select is not None and "selected" in attrs:
            self.select[2].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            name, multiple, chosen = self.select
            if not multiple and not chosen:
                chosen = [""]  # a browser sends the first option; the admin's first is the empty one
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None


def form_data(response, form_id=None):
    """The submitted values of the page's form (the first, or the one with `form_id`) as a dict
    of lists, ready to change and post: `client.post(url, data)`."""
    reader = _FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.fields:
        if name != "csrfmiddlewaretoken":
            data.setdefault(name, []).append(value)
    return data
