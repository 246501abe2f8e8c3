namespace BioVision.Experiments;

/// <summary>One idempotent unit of the study: a stage of one model (variant x seed). Its result is cached under <see cref="Id"/>.</summary>
/// <param name="Index">Position in the plan (the N of <c>biovision reproduce --task N</c>).</param>
/// <param name="Variant">Variant name.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="Stage">Stage.</param>
public sealed record StudyTask(int Index, string Variant, long Seed, StudyStage Stage)
{
    /// <summary>Folder of the model inside the study folder: <c>models/&lt;variant&gt;-s&lt;seed&gt;</c>.</summary>
    public string ModelId => $"{Variant}-s{Seed}";

    /// <summary>Stable identifier, <c>&lt;variant&gt;-s&lt;seed&gt;/&lt;stage&gt;</c>.</summary>
    public string Id => $"{ModelId}/{Stage.ToString().ToLowerInvariant()}";

    /// <inheritdoc/>
    public override string ToString() => $"#{Index} {Id}";
}
