using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Bench.FanOut;

/// <summary>
/// Draws apply time against the number of tenants, one line per contender, on log–log axes, as SVG (no library:
/// a chart people look at in the docs, not a plotting framework).
/// </summary>
internal static class FanOutChart
{
    private static readonly string[] Colors = ["#222222", "#999999", "#1f77b4", "#6baed6", "#2ca02c", "#9467bd", "#8c564b", "#ff7f0e", "#d62728", "#e377c2"];

    public static int Run(string output, IReadOnlyList<string> resultFiles)
    {
        var results = resultFiles.SelectMany(f => JsonSerializer.Deserialize<List<ContenderResult>>(File.ReadAllText(f), FanOutBenchmark.Json) ?? []).ToList();
        if (results.Count == 0) throw new ArgumentException("chart: no results (pass the .json files written by fanout --out)");

        var series = results.GroupBy(r => r.Name).Select(g => (Name: g.Key, Points: g.OrderBy(r => r.Tenants).Select(r => (X: (double)r.Tenants, Y: r.ApplyMs / 1000)).ToList()))
            .Where(s => s.Points.Count > 0).ToList();
        const double width = 860, height = 520, left = 80, right = 300, top = 40, bottom = 60;
        double minX = series.Min(s => s.Points.Min(p => p.X)), maxX = series.Max(s => s.Points.Max(p => p.X));
        double minY = series.Min(s => s.Points.Min(p => p.Y)), maxY = series.Max(s => s.Points.Max(p => p.Y));
        double lx0 = Math.Floor(Math.Log10(minX)), lx1 = Math.Ceiling(Math.Log10(maxX));
        double ly0 = Math.Floor(Math.Log10(minY)), ly1 = Math.Ceiling(Math.Log10(maxY));
        if (lx1 == lx0) lx1++;
        if (ly1 == ly0) ly1++;
        double X(double v) => left + (Math.Log10(v) - lx0) / (lx1 - lx0) * (width - left - right);
        double Y(double v) => height - bottom - (Math.Log10(v) - ly0) / (ly1 - ly0) * (height - top - bottom);
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"24\" font-size=\"15\" font-weight=\"bold\">Migrating N empty tenant databases, {results[0].Steps} steps each (log–log)</text>\n");
        for (double e = lx0; e <= lx1; e++)
        {
            double x = X(Math.Pow(10, e));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{height - bottom}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\">{Math.Pow(10, e):N0}</text>\n");
        }

        for (double e = ly0; e <= ly1; e++)
        {
            double y = Y(Math.Pow(10, e));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(y)}\" x2=\"{width - right}\" y2=\"{F(y)}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 8}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture)} s</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F((left + width - right) / 2)}\" y=\"{height - 18}\" text-anchor=\"middle\">tenant databases (N)</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(20 {F((top + height - bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">apply, whole process (seconds)</text>\n");
        for (int i = 0; i < series.Count; i++)
        {
            string color = Colors[i % Colors.Length];
            string points = string.Join(" ", series[i].Points.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>\n");
            foreach (var p in series[i].Points)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"3\" fill=\"{color}\"/>");
            }

            double ly = top + 10 + i * 20;
            svg.Append(CultureInfo.InvariantCulture, $"\n<line x1=\"{width - right + 20}\" y1=\"{ly}\" x2=\"{width - right + 40}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - right + 46}\" y=\"{ly + 4}\">{System.Security.SecurityElement.Escape(series[i].Name)}</text>\n");
        }

        svg.Append("</svg>\n");
        File.WriteAllText(output, svg.ToString());
        Console.WriteLine($"wrote {output}: {series.Count} contenders");
        return 0;
    }
}
