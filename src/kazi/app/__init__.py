"""The job seeker's web app: server-rendered pages at /, in English and Kiswahili."""
