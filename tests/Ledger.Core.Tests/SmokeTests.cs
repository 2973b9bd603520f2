namespace Ledger.Tests;
[TestClass]
public sealed class SmokeTests { [TestMethod] public void Works() => Assert.AreEqual("2", (1 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)); }
