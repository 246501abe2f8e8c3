using System.Net;
using BioVision.Models;
using BioVision.Rsa;
using BioVision.Rsa.Inference;
using BioVision.Rsa.Predictivity;
using BioVision.Training;
using BioVision.V1;
using Microsoft.DotNet.Interactive.Formatting;
using OxyPlot;
using TorchSharp;

namespace BioVision.Interactive;

/// <summary>
/// Registers how BioVision's values look in a .NET Interactive notebook (Jupyter, VS Code Polyglot Notebooks,
/// dotnet-repl): OxyPlot <see cref="PlotModel"/> as an inline PNG (HTML), SVG and PNG; <see cref="Rdms"/> as a heatmap (SVG and PNG);
/// <see cref="EvaluationResult"/> as a table of models (evaluation, SEM, 95% CI, p-values) under its noise ceiling;
/// <see cref="V1Parameters"/> and <see cref="VOneBlock"/> as a summary table and a filter-bank image; tensors as a
/// one-line shape/dtype/device summary; other result records as tables of their properties
/// (<see cref="RecordTables"/>). Plain-text output stays each type's <c>ToString()</c> table.
/// </summary>
/// <remarks>
/// <see cref="BioVisionKernelExtension"/> calls <see cref="Register"/> when the package is added to a notebook.
/// A new result record needs one line, <c>BioVisionFormatters.RegisterTable&lt;MyResult&gt;()</c>, in
/// <see cref="Register"/> (or in a notebook); a type that deserves a custom table gets a
/// <c>Formatter.Register&lt;T&gt;(..., HtmlFormatter.MimeType)</c> like <see cref="EvaluationResult"/> here.
/// </remarks>
public static class BioVisionFormatters
{
    /// <summary>MIME type of SVG output.</summary>
    public const string SvgMimeType = "image/svg+xml";

    /// <summary>MIME type of PNG output (base64 text, as notebooks store it).</summary>
    public const string PngMimeType = "image/png";

    /// <summary>Registers every BioVision formatter (safe to call more than once).</summary>
    public static void Register()
    {
        // Plots go out three ways: HTML holding the PNG inline (what Jupyter, VS Code and every HTML export show: nbconvert
        // passes SVG outputs through an HTML sanitiser that strips SVG drawing elements, and with them the figure), the
        // SVG itself (for clients and tools that take vector output) and the PNG.
        Formatter.Register<PlotModel>(model => PlotImages.ToHtml(model), HtmlFormatter.MimeType);
        Formatter.Register<PlotModel>(model => PlotImages.ToSvg(model), SvgMimeType);
        Formatter.Register<PlotModel>(model => Convert.ToBase64String(PlotImages.ToPng(model)), PngMimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(PlotModel), HtmlFormatter.MimeType, SvgMimeType, PngMimeType);

        // No SVG for RDMs: a 92 x 92 heat map drawn as vector cells is about 1 MB of SVG per output, which would swell
        // every executed notebook; PlotImages.ToSvg(RdmHeatmap.Create(rdms)) or PlotExporter.SaveSvg give the vector form.
        Formatter.Register<Rdms>(rdms => PlotImages.ToHtml(RdmHeatmap.Create(rdms), 600, 520), HtmlFormatter.MimeType);
        Formatter.Register<Rdms>(rdms => Convert.ToBase64String(PlotImages.ToPng(RdmHeatmap.Create(rdms), 600, 520)), PngMimeType);
        Formatter.Register<Rdms>(rdms => rdms.ToString(), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(Rdms), HtmlFormatter.MimeType, PngMimeType, PlainTextFormatter.MimeType);

        // The live bar of ProgressDisplay.
        Formatter.Register<NotebookView.ProgressHtml>(p => p.Html, HtmlFormatter.MimeType);
        Formatter.Register<NotebookView.ProgressHtml>(p => p.Text, PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(NotebookView.ProgressHtml), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        RegisterTable<BioVision.Runs.RunProgress>();

        Formatter.Register<EvaluationResult>(EvaluationTable, HtmlFormatter.MimeType);
        Formatter.Register<EvaluationResult>(result => result.ToString(), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(EvaluationResult), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);

        Formatter.Register<V1Parameters>(p => V1Html(p, null), HtmlFormatter.MimeType);
        Formatter.Register<V1Parameters>(p => p.ToString(), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(V1Parameters), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
        Formatter.Register<VOneBlock>(block => V1Html(block.Parameters, block.Options), HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(VOneBlock), HtmlFormatter.MimeType);

        Formatter.Register<torch.Tensor>(TensorSummary.Describe, PlainTextFormatter.MimeType);
        Formatter.Register<torch.Tensor>(t => $"<code>{WebUtility.HtmlEncode(TensorSummary.Describe(t))}</code>", HtmlFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(torch.Tensor), PlainTextFormatter.MimeType);

        Formatter.Register<HtmlTable>(table => table.ToHtml(), HtmlFormatter.MimeType);
        Formatter.Register<HtmlTable>(table => table.ToString(), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(HtmlTable), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);

        RegisterTable<NoiseCeiling>();
        RegisterTable<PredictivityResult>();
        RegisterTable<ReliabilityResult>();
        RegisterTable<TrainingResult>();
        RegisterTable<EpochMetrics>();

        // Reports whose ToString() already lays out their tables (several tables each): shown as preformatted text.
        RegisterReport<BioVision.Robustness.Evaluation.RobustnessReport>();
        RegisterReport<BioVision.Benchmarks.V1Properties.V1PropertiesResult>();
        RegisterReport<BioVision.Benchmarks.Neural.NeuralBenchmarkResult>();
        RegisterReport<BioVision.Experiments.StudyReport>();
    }

    /// <summary>
    /// Shows <typeparamref name="T"/> through its <c>ToString()</c>, which prints several aligned tables, in a
    /// <c>&lt;pre&gt;</c> block (HTML) and as plain text: for reports too rich for one property table.
    /// </summary>
    /// <typeparam name="T">The report type.</typeparam>
    public static void RegisterReport<T>()
        where T : notnull
    {
        Formatter.Register<T>(value => "<pre>" + WebUtility.HtmlEncode(value.ToString() ?? typeof(T).Name) + "</pre>", HtmlFormatter.MimeType);
        Formatter.Register<T>(value => value.ToString() ?? typeof(T).Name, PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    /// <summary>
    /// Shows <typeparamref name="T"/> as an HTML table of its public properties (<see cref="RecordTables.ToHtml(object, string?)"/>),
    /// with its <c>ToString()</c> as the plain-text form. This is the one line a new result record needs.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    public static void RegisterTable<T>()
        where T : notnull
    {
        Formatter.Register<T>(value => RecordTables.ToHtml(value), HtmlFormatter.MimeType);
        Formatter.Register<T>(value => value.ToString() ?? typeof(T).Name, PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    /// <summary>The HTML table shown for an evaluation: one row per model.</summary>
    /// <param name="result">The evaluation.</param>
    public static string EvaluationTable(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        double[] lower;
        double[] upper;
        try
        {
            (lower, upper) = result.ConfidenceIntervals();
        }
        catch (ArgumentException)
        {
            lower = upper = [.. Enumerable.Repeat(double.NaN, result.Means.Count)];
        }

        var table = new HtmlTable("model", "evaluation", "SEM", "95% CI lower", "95% CI upper", "p (against 0)", "p (against noise ceiling)")
        {
            Caption = $"{result.Kind} evaluation by {result.Method} ({result.Samples.GetLength(0)} samples, dof {result.Dof}); " +
                $"noise ceiling [{HtmlTable.FormatNumber(result.NoiseCeiling.Lower)}, {HtmlTable.FormatNumber(result.NoiseCeiling.Upper)}]",
        };
        for (int i = 0; i < result.Means.Count; i++)
        {
            table.AddRow(result.ModelNames[i], result.Means[i], result.Sem[i], lower[i], upper[i], FormatP(result.PZero[i]), FormatP(result.PNoise[i]));
        }

        return table.ToHtml();
    }

    private static string FormatP(double p) => p < 0.001 ? "< 0.001" : HtmlTable.FormatNumber(p);

    private static string V1Html(V1Parameters parameters, VOneBlockOptions? options)
    {
        var summary = new HtmlTable("parameter", "min", "median", "mean", "max")
        {
            Caption = $"V1Parameters: {parameters.SimpleChannels} simple + {parameters.ComplexChannels} complex channels, {parameters.InputChannels} input channel(s)",
        };
        foreach (var (name, values) in new (string, IReadOnlyList<double>)[]
        {
            ("spatial frequency (cpd)", parameters.SpatialFrequency), ("orientation (deg)", parameters.Orientation),
            ("phase (deg)", parameters.Phase), ("nx", parameters.Nx), ("ny", parameters.Ny),
        })
        {
            var sorted = values.Order().ToArray();
            double median = sorted.Length == 0 ? double.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
            summary.AddRow(name, sorted.FirstOrDefault(double.NaN), median, sorted.Length == 0 ? double.NaN : sorted.Average(), sorted.LastOrDefault(double.NaN));
        }

        int shown = Math.Min(64, parameters.Count);
        byte[] png = FilterBankImage.RenderPng(parameters, options, shown);
        return $"<div>{summary.ToHtml()}<p>Gabor filters of the first {shown} of {parameters.Count} channels (phase 0):</p>{PlotImages.PngImgTag(png, "Gabor filter bank")}</div>";
    }
}
