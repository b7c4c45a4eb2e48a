"""The marker of sample data on the training site (`make demo`).

Sample texts start with it; page titles show it once, in the active language, from
`base.html`, so the filter `without_sample_marker` takes it out of the page's own title.
"""

SAMPLE_MARKER = "[DATA CONTOH] "
