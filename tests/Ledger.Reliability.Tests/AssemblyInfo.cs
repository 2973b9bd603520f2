global using Microsoft.VisualStudio.TestTools.UnitTesting;
global using Ledger.Testing;

// The tests start processes that use both cores and race each other on purpose; running two such tests at once would
// only make each of them slower and their timing less telling.
[assembly: DoNotParallelize]
