from django import template

register = template.Library()


@register.inclusion_tag("community/newsletter/signup_form.html", takes_context=True)
def newsletter_signup_form(context):
    # Placeholder until the newsletter form lands.
    return {"request": context.get("request")}
