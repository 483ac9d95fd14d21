from django import template

from community import newsletter
from community.forms.newsletter import NewsletterSignupForm

register = template.Library()


@register.inclusion_tag("community/newsletter/signup_form.html", takes_context=True)
def newsletter_signup_form(context):
    """The sign-up form for the page footer; it posts to the newsletter page."""
    request = context.get("request")
    return {
        "form": NewsletterSignupForm(
            privacy_url=newsletter.privacy_notice_url(request), auto_id="footer-newsletter-%s"
        ),
        "compact": True,
        "request": request,
        # An inclusion tag gets a fresh context: pass the token for {% csrf_token %}.
        "csrf_token": context.get("csrf_token"),
    }
