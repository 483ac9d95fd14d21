from hub import display


def display_preferences(request):
    return {"display": display.read(request)}
