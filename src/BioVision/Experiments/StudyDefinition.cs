namespace BioVision.Experiments;

/// <summary>What a study folder was created for: its plan and shared settings (<c>study.json</c>).</summary>
/// <param name="Plan">The plan.</param>
/// <param name="Options">The shared settings.</param>
public sealed record StudyDefinition(StudyPlan Plan, StudyOptions Options);
