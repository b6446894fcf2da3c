/*
 * Rule: d-language §4: the tag comes before the region
 * @@cmd: -x errtags -n 'BEGIN { trace(1 / 0); }'
 * @@status: 1
 */
