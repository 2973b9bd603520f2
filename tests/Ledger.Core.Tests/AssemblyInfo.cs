global using Microsoft.VisualStudio.TestTools.UnitTesting;
global using Ledger.Testing;

[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
