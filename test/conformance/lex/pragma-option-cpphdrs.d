/*
 * Rule: d-language §5: preprocessor (cpp*), env and ld options cannot be set from a pragma: 'Option
 *       cannot be used from within a D program' (illumos dt_opt_cpp_hdrs returns EDT_BADOPTCTX once
 *       a compile is under way)
 * @@args: -x errtags
 * @@status: 1
 */
#pragma D option cpphdrs
BEGIN { exit(0); }
