using System.Text.Json.Serialization;
using BioVision.Rsa;

namespace BioVision.Benchmarks.Neural;

/// <summary>
/// Brain RDMs on a stimulus set: one or more data RDMs (subjects, sessions) of one region, with a <c>subject</c>
/// descriptor that groups sessions of one subject for the noise ceiling and the subject bootstrap.
/// </summary>
/// <param name="Name">Short name, e.g. <c>kriegeskorte2008-human-IT</c>.</param>
/// <param name="Region">Brain region (<c>IT</c>, <c>EVC</c>, <c>V4</c>).</param>
/// <param name="Species">human, macaque or mouse.</param>
/// <param name="Data">The RDMs (descriptor <c>subject</c> set).</param>
/// <param name="Citation">Where the data come from.</param>
public sealed record RdmDataSet(string Name, string Region, string Species, [property: JsonIgnore] Rdms Data, string Citation)
{
    /// <summary>The descriptor that groups RDMs by subject.</summary>
    public const string SubjectDescriptor = "subject";

    /// <summary>Number of distinct subjects.</summary>
    public int Subjects => Data.Descriptor(SubjectDescriptor).Distinct().Count();
}
