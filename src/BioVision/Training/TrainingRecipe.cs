using BioVision.Models;
using System.Globalization;
using System.Text.Json;
using BioVision.Data;

namespace BioVision.Training;

/// <summary>
/// Everything that decides what a run computes: model, data, optimiser, schedule, augmentation, adversarial step and
/// seed, each as a canonical string. It is written into every checkpoint; resuming with a different recipe is refused
/// (<see cref="Mismatch"/> names the first differing field) unless <see cref="TrainingOptions.AllowRecipeChange"/> is set.
/// </summary>
public sealed record TrainingRecipe
{
    /// <summary>The model: its <see cref="ModelSpec"/> as JSON when the trainer was given one, else its name.</summary>
    public string Model { get; init; } = "";

    /// <summary>The training data: image count, classes and image shape.</summary>
    public string Data { get; init; } = "";

    /// <summary>
    /// Where the data came from (<see cref="TrainingOptions.Dataset"/>), or null when the caller did not say (and in runs
    /// written before it was recorded: a missing value is not written, so those runs keep their fingerprint).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public DatasetSource? Dataset { get; init; }

    /// <summary>Optimiser kind with momentum, Nesterov flag and weight decay.</summary>
    public string Optimizer { get; init; } = "";

    /// <summary>Base learning rate, schedule kind, step size/decay and the number of epochs (which the cosine schedule depends on).</summary>
    public string Schedule { get; init; } = "";

    /// <summary>Training batch size and label smoothing.</summary>
    public string Batches { get; init; } = "";

    /// <summary>Augmentation and input transform.</summary>
    public string Augmentation { get; init; } = "";

    /// <summary>The adversarial training step, or <c>none</c>.</summary>
    public string Adversarial { get; init; } = "";

    /// <summary>The seed.</summary>
    public long Seed { get; init; }

    /// <summary>Builds the recipe of a run.</summary>
    /// <param name="options">The options.</param>
    /// <param name="model">The model's description (spec JSON or name).</param>
    /// <param name="train">The training data.</param>
    public static TrainingRecipe Of(TrainingOptions options, string model, IImageDataset train)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        var c = CultureInfo.InvariantCulture;
        return new TrainingRecipe
        {
            Model = model,
            Data = string.Create(c, $"{train.Count} images, {train.Classes.Count} classes, {train.Shape.Channels}x{train.Shape.Height}x{train.Shape.Width}"),
            Dataset = options.Dataset,
            Optimizer = string.Create(c, $"{options.Optimizer} momentum={options.Momentum:R} nesterov={options.Nesterov} weight_decay={options.WeightDecay:R}"),
            Schedule = string.Create(c, $"lr={options.LearningRate:R} {options.Schedule} step={options.StepSize} gamma={options.StepGamma:R} epochs={options.Epochs}"),
            Batches = string.Create(c, $"batch={options.BatchSize} label_smoothing={options.LabelSmoothing:R}"),
            Augmentation = string.Create(c, $"train={Describe(options.TrainTransform)} input={Describe(options.InputTransform)}"),
            Adversarial = options.Adversarial is null ? "none" : Describe(options.Adversarial),
            Seed = options.Seed,
        };
    }

    /// <summary>The model description for a spec (its JSON).</summary>
    /// <param name="spec">The spec.</param>
    public static string Describe(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            JsonSerializer.Serialize(writer, spec, TrainingJsonContext.Default.ModelSpec);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The first field in which <paramref name="saved"/> differs from this recipe, as a readable sentence, or null when
    /// they agree. A checkpoint without a recipe (older format) is treated as agreeing on everything but the model name and
    /// seed; one that records no <see cref="Dataset"/> (or a run that gives none) agrees on the dataset's source.
    /// </summary>
    /// <param name="saved">The recipe stored in the checkpoint.</param>
    public string? Mismatch(TrainingRecipe saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        foreach (var (field, now, then) in new[]
        {
            ("model", Model, CanonicalModel(saved.Model)), ("data", Data, saved.Data), ("optimizer", Optimizer, saved.Optimizer),
            ("schedule", Schedule, saved.Schedule), ("batches", Batches, saved.Batches), ("augmentation", Augmentation, saved.Augmentation),
            ("adversarial", Adversarial, saved.Adversarial), ("seed", Seed.ToString(CultureInfo.InvariantCulture), saved.Seed.ToString(CultureInfo.InvariantCulture)),
        })
        {
            if (!string.Equals(now, then, StringComparison.Ordinal))
            {
                return $"{field}: the checkpoint has '{then}', this run has '{now}'";
            }
        }

        return Dataset is { } source && saved.Dataset is { } recorded && recorded.Difference(source) is { } difference
            ? $"dataset: the checkpoint was trained on {difference}"
            : null;
    }

    // A spec written by an earlier version (PascalCase JSON) is compared in this version's form: read it back (names are
    // read case-insensitively) and describe it again, so a JSON naming change alone never refuses a resume. A model
    // recorded by name only (older checkpoints) or unreadable JSON is compared as it is.
    private static string CanonicalModel(string model)
    {
        if (!model.StartsWith('{'))
        {
            return model;
        }

        try
        {
            return JsonSerializer.Deserialize(model, TrainingJsonContext.Default.ModelSpec) is { } spec ? Describe(spec) : model;
        }
        catch (JsonException)
        {
            return model;
        }
    }

    // Transforms and adversarial steps are records: their ToString lists every setting. Printed under the invariant culture.
    private static string Describe(object? value)
    {
        if (value is null)
        {
            return "none";
        }

        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            return value.ToString() ?? value.GetType().Name;
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
