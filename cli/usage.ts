/** What `awrecipe -h` prints; docs/cli.md says the same at length. */
export const USAGE = `usage:
  awrecipe [-node NODE] [-mycode [DIR]] [-reuse] [-detach | -local] -task RECIPE [recipe params…]
  awrecipe status JOB
  awrecipe logs JOB [-f]
  awrecipe cancel JOB
  awrecipe attempts JOB               every attempt: node, outcome, reason
  awrecipe provenance JOB [--all] [--ro-crate]   what went in and came out (JSON)
  awrecipe rerun JOB [-- ARGS…]       the job again (with new recipe args)
  awrecipe list [--state STATE] [--mine] [--limit N]
  awrecipe outputs JOB [--download DIR]
  awrecipe explain -task RECIPE [-node NODE]
  awrecipe login [-user NAME] [--password-stdin]
  awrecipe passwd [--password-stdin]
  awrecipe help RECIPE                the recipe's description and parameters

Running a recipe (everything after -task RECIPE is passed to the recipe as is):
  -node NODE          run on this node (needs canRoute or the developer role)
  -mycode [DIR]       ship your code tree (default: $AWE_CODE_DIR, else the
                      working directory); it comes first on PYTHONPATH
  -reuse              take the outputs of an identical job that succeeded (or wait
                      for one on its way) instead of running again
  -detach             print the job id and return instead of following the log
  -local              run here, packaged exactly as an agent would
  -output DIR         -local only: the recipe's AWE_OUTPUT_DIR (default ./awe-output-<time>)
  -environment FILE   settings to ship (default $AWE_ENVIRONMENT_CFG, else ~/.awe/Environment.cfg)
  -env NAME           also ship the AWE_* variable NAME (repeatable; or list them in $AWE_SHIP_ENV)

Every command:
  -server URL         the service (default $AWE_SERVER, else the one of "awrecipe login")
  -token TOKEN        a user token (default $AWE_TOKEN, else the one of "awrecipe login")
  -ca FILE            PEM of a private CA that signed the service's certificate ($AWE_CA)
  -insecure-http      accept plain http:// to a host other than this one ($AWE_INSECURE_HTTP=1); warns on every run
  -h, --help          this text

Options take one dash or two. Exit status: the recipe's exit code; 1 when the
job failed without one or awrecipe hit an error; 2 for a bad command line;
130 after Ctrl-C cancelled the job.`;
