/*
 * Rule: d-language §3.4: this-> variables cannot be associative arrays
 * @@args: -x errtags
 * @@status: 1
 */
BEGIN { this->a[1] = 1; }
