package io.strata.block;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code deletion-mark.json}: the block will be deleted once {@code deletionTime} (unix seconds) is older
 * than the deletion delay; readers stop using it after their own delay.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletionMark(
    @JsonProperty("id") String id,
    @JsonProperty("version") int version,
    @JsonProperty("details") @JsonInclude(JsonInclude.Include.NON_EMPTY) String details,
    @JsonProperty("deletion_time") long deletionTime) {}
