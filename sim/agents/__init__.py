"""The Mesa agent classes: workers, plants, training centres and municipal governments.

Worker and plant agents read their rows of the state tables (`sim.state`) through `Column`
descriptors; training centres and governments hold their own state as ordinary Mesa agents.
"""
