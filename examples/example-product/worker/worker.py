"""Lantern worker: polls the configured status feeds and renders a summary page."""
import jinja2
import requests

TEMPLATE = jinja2.Template("<ul>{% for n, ok in rows %}<li>{{ n }}: {{ 'up' if ok else 'down' }}</li>{% endfor %}</ul>")


def poll(feeds):
    rows = []
    for name, url in feeds.items():
        try:
            ok = requests.get(url, timeout=5).status_code == 200
        except requests.RequestException:
            ok = False
        rows.append((name, ok))
    return TEMPLATE.render(rows=rows)
