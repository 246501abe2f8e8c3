using BioVision.V1;

namespace BioVision.Models;

/// <summary>A model with a V1 block in front of its back end (<see cref="VOneNet"/>, <see cref="EVNet"/>).</summary>
public interface IFrontEndModel
{
    /// <summary>The V1 block.</summary>
    VOneBlock Block { get; }

    /// <summary>The activation name (and state-dict prefix) of the V1 block's output: <c>vone_block</c> in a VOneNet, <c>voneblock</c> in an EVNet.</summary>
    string BlockActivation { get; }
}
