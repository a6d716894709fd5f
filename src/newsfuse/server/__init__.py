"""server: `newsfuse serve`: the FastAPI app (api/ JSON routes, ui/ HTML pages), auth, and the ingest worker."""
