namespace BioVision.Robustness.Evaluation;

/// <summary>One item of the evaluation checklist (Carlini et al. 2019; the T-tests of the robustness notes).</summary>
/// <param name="Name">What is checked.</param>
/// <param name="Status">Outcome.</param>
/// <param name="Detail">The numbers behind the outcome.</param>
public sealed record SanityCheck(string Name, CheckStatus Status, string Detail);
