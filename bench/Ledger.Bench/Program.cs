using Ledger.Bench;

// Developer tool for performance work on Ledger.Core; not shipped. See bench/README.md.
return BenchCommand.Run(args);
