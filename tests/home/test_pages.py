import pytest


@pytest.mark.django_db
def test_home_page_shows_site_and_sections(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Biobank Community Hub</h1>" in html
    for section in ["About", "Topics", "Working groups", "Training", "Events", "Funding"]:
        assert f">{section}</a>" in html
